import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { request } from '../services/api';
import { readTokens } from '../services/tokens';
import { baseHandlers, me, signedIn } from '../test/fixtures';
import { renderWithApp } from '../test/render';
import { server } from '../test/server';
import { useAuth } from './AuthContext';

function Probe() {
  const auth = useAuth();
  return (
    <div>
      <div data-testid="user">{auth.user?.username ?? 'nobody'}</div>
      <div data-testid="can-scale">{String(auth.hasPermission('deployments:scale'))}</div>
      <div data-testid="can-manage-users">{String(auth.hasPermission('users:manage'))}</div>
      <button type="button" onClick={() => void auth.login('ada', 'secret').catch(() => undefined)}>login</button>
      <button type="button" onClick={auth.logout}>logout</button>
    </div>
  );
}

const tokens = (n: number) => ({
  access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'bearer', expires_in: 900,
});

describe('AuthContext', () => {
  it('logs in, stores the tokens and evaluates permissions for the active cluster', async () => {
    server.use(...baseHandlers('operator'),
      http.post('/api/v1/auth/login', () => HttpResponse.json(tokens(1))));
    renderWithApp(<Probe />, { route: '/c/alpha/pods' });
    expect(screen.getByTestId('user')).toHaveTextContent('nobody');

    await userEvent.click(screen.getByRole('button', { name: 'login' }));
    await waitFor(() => expect(screen.getByTestId('user')).toHaveTextContent('operator-user'));
    expect(readTokens()?.refreshToken).toBe('refresh-1');
    await waitFor(() => expect(screen.getByTestId('can-scale')).toHaveTextContent('true'));
    expect(screen.getByTestId('can-manage-users')).toHaveTextContent('false');
  });

  it('refreshes once for concurrent 401s, stores the rotated token and retries', async () => {
    signedIn('old-access', 'refresh-0');
    let refreshCalls = 0;
    server.use(...baseHandlers('viewer'),
      http.post('/api/v1/auth/refresh', async ({ request: req }) => {
        refreshCalls += 1;
        expect(await req.json()).toEqual({ refresh_token: 'refresh-0' });
        await new Promise((r) => setTimeout(r, 20));
        return HttpResponse.json(tokens(2));
      }),
      http.get('/api/v1/pods', ({ request: req }) => (
        req.headers.get('Authorization') === 'Bearer access-2'
          ? HttpResponse.json({ items: [], total: 0, limit: 100, offset: 0 })
          : HttpResponse.json({ error: 'Unauthorized', detail: 'token expired', request_id: null }, { status: 401 })
      )));
    renderWithApp(<Probe />, { route: '/c/alpha/pods' });

    let results: { total: number }[] = [];
    await act(async () => {
      results = await Promise.all([1, 2, 3].map(() => request<{ total: number }>('/pods')));
    });
    expect(results.map((r) => r.total)).toEqual([0, 0, 0]);
    expect(refreshCalls).toBe(1);
    expect(readTokens()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('logs out to the login page with "session expired" when the refresh fails', async () => {
    signedIn('old-access', 'revoked');
    server.use(...baseHandlers('viewer'),
      http.post('/api/v1/auth/refresh', () =>
        HttpResponse.json({ error: 'Unauthorized', detail: 'refresh token revoked', request_id: null }, { status: 401 })),
      http.get('/api/v1/pods', () =>
        HttpResponse.json({ error: 'Unauthorized', detail: 'token expired', request_id: null }, { status: 401 })));
    renderWithApp(<Probe />, { route: '/c/alpha/pods?q=web' });
    await waitFor(() => expect(screen.getByTestId('user')).toHaveTextContent('viewer-user'));

    await act(async () => {
      await expect(request('/pods')).rejects.toThrow(/session expired/i);
    });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login'));
    expect(readTokens()).toBeNull();
  });

  it('logout revokes the refresh token and clears the session', async () => {
    signedIn('access-1', 'refresh-1');
    let revoked: unknown = null;
    server.use(...baseHandlers('admin'),
      http.post('/api/v1/auth/logout', async ({ request: req }) => {
        revoked = await req.json();
        return new HttpResponse(null, { status: 204 });
      }));
    renderWithApp(<Probe />, { route: '/clusters' });
    await waitFor(() => expect(screen.getByTestId('user')).toHaveTextContent('admin-user'));
    await userEvent.click(screen.getByRole('button', { name: 'logout' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login'));
    expect(readTokens()).toBeNull();
    await waitFor(() => expect(revoked).toEqual({ refresh_token: 'refresh-1' }));
  });

  it('global permissions hold whatever the cluster', async () => {
    signedIn();
    server.use(...baseHandlers('admin'),
      http.get('/api/v1/auth/me', () => HttpResponse.json(me('admin', []))));
    renderWithApp(<Probe />, { route: '/clusters' });
    await waitFor(() => expect(screen.getByTestId('can-manage-users')).toHaveTextContent('true'));
  });
});
