// A stand-in for the browser's WebSocket in component tests (jsdom has no server to talk to):
// the test opens it, feeds it server messages and closes it, and reads what the client sent.
import { LiveConnection, setLiveConnection } from '../services/live';

export class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent) => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.all[FakeSocket.all.length - 1];
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  send(text: string) {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }

  close() {
    this.readyState = 3;
  }

  /** the server accepted the connection */
  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  /** a message from the server */
  emit(message: Record<string, unknown>) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  /** the connection dropped (or the handshake was refused, when never opened) */
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }

  subscriptions() {
    return this.sent.filter((m) => m.type === 'subscribe');
  }
}

/** Installs a live connection over FakeSockets with short delays; returns the refresh spy log. */
export function installFakeLive(refreshOutcome: 'ok' | 'expired' | 'error' = 'ok', subject: () => string | null = () => 'admin') {
  FakeSocket.all = [];
  let token = 0;
  const refreshed: (string | undefined)[] = [];
  const connection = new LiveConnection({
    url: () => {
      token += 1;
      return Promise.resolve(`ws://localhost/api/v1/live?access_token=token-${token}`);
    },
    create: (url) => new FakeSocket(url) as unknown as WebSocket,
    refresh: (stale) => {
      refreshed.push(stale);
      return Promise.resolve(refreshOutcome);
    },
    baseDelayMs: 20,
    maxDelayMs: 40,
    idleCloseMs: 20,
    subject,
  });
  setLiveConnection(connection);
  return { connection, refreshed };
}
