import { describe, expect, it } from 'vitest';
import { readKubeconfig } from './kubeconfig';

describe('readKubeconfig', () => {
  it('finds the contexts and the current one in the usual layouts', () => {
    const text = `apiVersion: v1
clusters:
- cluster: {server: https://a:6443}
  name: a-cluster
contexts:
- context:
    cluster: a-cluster
    user: a-user
    namespace: default
  name: prod
- name: "staging"
  context: {cluster: a-cluster, user: a-user}
  - context:
      cluster: x
    name: nested-ignored-indent
current-context: staging
users:
- name: a-user
  user: {token: t}
`;
    const parsed = readKubeconfig(text);
    expect(parsed.contexts).toEqual(expect.arrayContaining(['prod', 'staging']));
    expect(parsed.contexts).not.toContain('a-user');
    expect(parsed.contexts).not.toContain('a-cluster');
    expect(parsed.currentContext).toBe('staging');
  });

  it('returns nothing for text that is not a kubeconfig', () => {
    expect(readKubeconfig('hello')).toEqual({ contexts: [], currentContext: null });
  });
});
