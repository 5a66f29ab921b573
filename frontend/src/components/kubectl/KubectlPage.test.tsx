import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { KubectlPage } from './KubectlPage';
import { splitArgs } from './splitArgs';

describe('splitArgs', () => {
  it('splits like a shell, respecting quotes and escapes', () => {
    expect(splitArgs('get pods -A')).toEqual(['get', 'pods', '-A']);
    expect(splitArgs(`label pod x "a=b c" 'd e' f\\ g ""`)).toEqual(['label', 'pod', 'x', 'a=b c', 'd e', 'f g', '']);
    expect(splitArgs('get "a\\"b"')).toEqual(['get', 'a"b']);
    expect(() => splitArgs('get "pods')).toThrow('Unclosed double quote');
  });
});

describe('kubectl console', () => {
  it('runs a command, shows output, and recalls history with arrow keys', async () => {
    const bodies: unknown[] = [];
    signedIn();
    server.use(...baseHandlers('admin'), http.post('/api/v1/kubectl', async ({ request }) => {
      const body = await request.json() as { args: string[] };
      bodies.push(body);
      if (body.args.some((a) => a.startsWith('--kubeconfig'))) {
        return HttpResponse.json({ error: 'forbidden_flag', detail: 'the flag --kubeconfig is not allowed' }, { status: 400 });
      }
      return HttpResponse.json({ exit_code: 0, stdout: 'NAME   READY\nweb-1  1/1\n', stderr: '', duration_ms: 42 });
    }));
    renderWithApp(<KubectlPage />, { route: '/c/alpha/kubectl' });
    const input = await screen.findByLabelText('kubectl arguments');
    await userEvent.type(input, 'get pods -l "app=web"{Enter}');
    expect(await screen.findByLabelText('stdout')).toHaveTextContent('web-1');
    expect(screen.getByText('Exit code 0')).toBeInTheDocument();
    expect(screen.getByText('42 ms')).toBeInTheDocument();
    expect(bodies[0]).toMatchObject({ args: ['get', 'pods', '-l', 'app=web'] });

    await userEvent.clear(input);
    await userEvent.type(input, '--kubeconfig=/etc/passwd get pods{Enter}');
    expect(await screen.findByText('the flag --kubeconfig is not allowed')).toBeInTheDocument();

    await userEvent.clear(input);
    await userEvent.type(input, '{ArrowUp}');
    expect(input).toHaveValue('--kubeconfig=/etc/passwd get pods');
    await userEvent.type(input, '{ArrowUp}');
    expect(input).toHaveValue('get pods -l "app=web"');
    await userEvent.type(input, '{ArrowDown}{ArrowDown}');
    expect(input).toHaveValue('');
  });
});
