import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers, me, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { ProtectedRoute } from './ProtectedRoute';

// A developer on alpha (kubectl:run there) who is only a viewer on beta.
function developerOnAlphaOnly() {
  const user = me('viewer');
  user.permissions = { alpha: [...(user.permissions.alpha ?? []), 'kubectl:run'], beta: user.permissions.beta ?? [] };
  return user;
}

function renderConsoleAt(route: string) {
  signedIn();
  // The first handler for a path wins: this /auth/me before the base one.
  server.use(http.get('/api/v1/auth/me', () => HttpResponse.json(developerOnAlphaOnly())), ...baseHandlers('viewer'));
  renderWithApp(
    <ProtectedRoute permission="kubectl:run"><div>kubectl console</div></ProtectedRoute>,
    { route, path: '/c/:clusterId/kubectl' },
  );
}

describe('ProtectedRoute', () => {
  it("opens a shared link on a cluster where the user holds the permission", async () => {
    renderConsoleAt('/c/alpha/kubectl');
    expect(await screen.findByText('kubectl console')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/c/alpha/kubectl');
  });

  it('sends the user home from a cluster where the permission is missing', async () => {
    renderConsoleAt('/c/beta/kubectl');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/));
    expect(screen.queryByText('kubectl console')).not.toBeInTheDocument();
  });
});
