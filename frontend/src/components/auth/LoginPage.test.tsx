import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { LoginPage, returnPath } from './LoginPage';

describe('LoginPage', () => {
  it("shows the server's message when sign-in fails", async () => {
    server.use(http.post('/api/v1/auth/login', () => HttpResponse.json(
      { error: 'Unauthorized', detail: 'invalid username or password', request_id: 'r1' }, { status: 401 })));
    renderWithApp(<LoginPage />, { route: '/signin' });
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('invalid username or password');
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });

  it('signs in and goes back to where the user was', async () => {
    server.use(...baseHandlers('viewer'), http.post('/api/v1/auth/login', () => HttpResponse.json(
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 900 })));
    renderWithApp(<LoginPage />, { route: '/signin' });
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/));
  });

  it('returns to the page the session ended on', () => {
    expect(returnPath({ from: { pathname: '/c/beta/pods', search: '?q=web', hash: '' } })).toBe('/c/beta/pods?q=web');
    expect(returnPath(null)).toBe('/');
    expect(returnPath({ from: { pathname: '/login', search: '', hash: '' } })).toBe('/');
  });
});
