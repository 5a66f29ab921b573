// Where the session's tokens live.
//
// The product plan keeps them in localStorage, so a session survives reloads and is shared by
// tabs. The tradeoff: any script running in the page (an XSS bug, a compromised dependency) can
// read them. We limit the damage: access tokens live 15 minutes, refresh tokens rotate on every
// use (a stolen one that is replayed revokes the whole family server-side), logout revokes, and
// the backend sends a strict Content-Security-Policy. An httpOnly cookie would hide the refresh
// token from scripts but needs CSRF protection; revisit if the threat model changes.
const KEY = 'kubedeck.session';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** epoch milliseconds when the access token expires */
  expiresAt: number;
}

export function readTokens(): StoredTokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredTokens>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string') {
      return null;
    }
    return {
      accessToken: parsed.accessToken,
      refreshToken: parsed.refreshToken,
      expiresAt: Number(parsed.expiresAt) || 0,
    };
  } catch {
    return null;
  }
}

export function writeTokens(tokens: StoredTokens): void {
  localStorage.setItem(KEY, JSON.stringify(tokens));
}

export function clearTokens(): void {
  localStorage.removeItem(KEY);
}

export const TOKENS_STORAGE_KEY = KEY;
