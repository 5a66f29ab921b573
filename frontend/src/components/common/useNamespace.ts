// The namespace picker's choice, remembered per cluster in localStorage and shared by every
// component that reads it (an external store, so the header and the pages agree).
import { useCallback, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const key = (clusterId: string) => `kubedeck.namespace.${clusterId}`;

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** `''` means all namespaces. */
export function useNamespace(clusterId: string | null | undefined): [string, (ns: string) => void] {
  const read = useCallback(
    () => (clusterId ? (localStorage.getItem(key(clusterId)) ?? '') : ''), [clusterId]);
  const namespace = useSyncExternalStore(subscribe, read);
  const setNamespace = useCallback((ns: string) => {
    if (!clusterId) return;
    if (ns) localStorage.setItem(key(clusterId), ns);
    else localStorage.removeItem(key(clusterId));
    listeners.forEach((listener) => listener());
  }, [clusterId]);
  return [namespace, setNamespace];
}
