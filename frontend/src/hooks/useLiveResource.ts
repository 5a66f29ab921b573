// Live rows for one kind: subscribes through the tab's live socket and writes every event into
// the TanStack Query cache of that kind's lists and detail pages. `live` tells the caller
// whether it may stop polling: while the socket is down (or the server does not offer the kind
// live) the pages keep polling, so nothing goes stale.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { liveConnection, type LiveTarget, type SubscriptionState } from '../services/live';
import { applyLiveEvent } from './liveCache';
import { guardListFetches } from './liveFetchRace';
import { resourceListKey } from './resourceKeys';

/** How long changes that need a refetch are gathered before one refetch (busy clusters). */
export const REFETCH_THROTTLE_MS = 1_000;

/** live: events arrive; polling: the server refused (e.g. a kind it does not watch). */
export type LiveMode = 'live' | 'connecting' | 'reconnecting' | 'polling';

export interface LiveResource {
  mode: LiveMode;
  /** true while events arrive: pages may stop polling */
  live: boolean;
  /** why the server refused, when mode is 'polling' */
  detail: string | null;
}

export function useLiveResource(target: LiveTarget | null): LiveResource {
  const client = useQueryClient();
  const connection = liveConnection();
  const status = useSyncExternalStore(connection.onStatus, connection.getStatus);
  const [sub, setSub] = useState<{ state: SubscriptionState; detail: string | null }>({ state: 'pending', detail: null });
  const timers = useRef<{ lists: ReturnType<typeof setTimeout> | null; detail: ReturnType<typeof setTimeout> | null }>({ lists: null, detail: null });
  const clusterId = target?.clusterId ?? '';
  const resource = target?.resource ?? '';
  const namespace = target?.namespace ?? null;

  useEffect(() => {
    if (!clusterId || !resource) return undefined;
    const where: LiveTarget = { clusterId, resource, namespace };
    const pending = timers.current;
    // Throttled: the first change schedules one refetch that covers everything until it runs.
    const later = (which: 'lists' | 'detail', prefix: readonly unknown[]) => {
      if (pending[which]) return;
      pending[which] = setTimeout(() => {
        pending[which] = null;
        void client.invalidateQueries({ queryKey: prefix });
      }, REFETCH_THROTTLE_MS);
    };
    const lists = resourceListKey(clusterId, resource);
    const details = ['resources', clusterId, resource, 'detail'] as const;
    // A list fetch in flight may answer older data than the events it overlaps: see liveFetchRace.
    const race = guardListFetches(client, lists, (event, row) => { applyLiveEvent(client, where, event, row); });
    const unsubscribe = connection.subscribe(where, {
      onEvent: (event, row) => {
        const refetch = applyLiveEvent(client, where, event, row);
        race.seen(event, row);
        if (refetch.lists) later('lists', lists);
        if (refetch.detail) later('detail', details);
      },
      onState: (state, detail) => {
        setSub({ state, detail: detail ?? null });
        // Changes made while nobody listened (before the first subscribe, during an outage):
        // one refetch catches up.
        if (state === 'subscribed') {
          void client.invalidateQueries({ queryKey: lists });
          void client.invalidateQueries({ queryKey: details });
        }
      },
    });
    return () => {
      unsubscribe();
      race.stop();
      for (const which of ['lists', 'detail'] as const) {
        const timer = pending[which];
        if (timer) clearTimeout(timer);
        pending[which] = null;
      }
    };
  }, [client, connection, clusterId, resource, namespace]);

  if (sub.state === 'refused') return { mode: 'polling', live: false, detail: sub.detail };
  if (sub.state === 'subscribed' && status === 'open') return { mode: 'live', live: true, detail: null };
  const mode: LiveMode = status === 'reconnecting' || status === 'offline' ? 'reconnecting' : 'connecting';
  return { mode, live: false, detail: null };
}
