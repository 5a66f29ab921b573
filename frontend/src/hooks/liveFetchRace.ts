// Keeps live events from being lost to a list fetch that was in flight when they arrived.
//
// A fetch that started before an event may answer the older state; when it lands it overwrites
// the row the event had just updated, and no later event corrects it (the object may not change
// again). So every event that arrives while a list fetch runs is kept and applied again, in
// order, when that fetch lands. Writes made with setQueryData (manual) are not fetches and are
// ignored, or the replay would feed itself.
import type { QueryClient } from '@tanstack/react-query';
import type { LiveEventType } from '../services/live';
import type { ResourceRow } from '../types';

interface Kept { seq: number; event: LiveEventType; row: ResourceRow }

export interface FetchRaceGuard {
  /** record an event (already applied to the cache by the caller) */
  seen(event: LiveEventType, row: ResourceRow): void;
  stop(): void;
}

export function guardListFetches(client: QueryClient, listPrefix: readonly unknown[],
  replay: (event: LiveEventType, row: ResourceRow) => void): FetchRaceGuard {
  let seq = 0;
  let kept: Kept[] = [];
  // query hash → the sequence number of the last event seen when its fetch started
  const fetchesFrom = new Map<string, number>();
  const isList = (key: readonly unknown[]) => listPrefix.every((part, i) => key[i] === part);
  const prune = () => {
    if (fetchesFrom.size === 0) { kept = []; return; }
    const oldest = Math.min(...fetchesFrom.values());
    kept = kept.filter((entry) => entry.seq > oldest);
  };
  const cache = client.getQueryCache();
  // Fetches already running when the guard starts (the table's first load) count from the start.
  for (const query of cache.findAll({ queryKey: listPrefix, fetchStatus: 'fetching' })) fetchesFrom.set(query.queryHash, 0);
  const stop = cache.subscribe((change) => {
    if ((change.type !== 'updated' && change.type !== 'removed') || !isList(change.query.queryKey)) return;
    const hash = change.query.queryHash;
    if (change.type === 'updated' && change.action.type === 'fetch') {
      fetchesFrom.set(hash, seq);
      return;
    }
    // A fetch ends with success, an error, a cancel that reverts the state, or the query's
    // removal; listeners run synchronously, so the state is this change's.
    const from = fetchesFrom.get(hash);
    if (from === undefined || (change.type !== 'removed' && change.query.state.fetchStatus !== 'idle')) return;
    fetchesFrom.delete(hash);
    if (change.type === 'updated' && change.action.type === 'success' && !change.action.manual) {
      for (const entry of kept) if (entry.seq > from) replay(entry.event, entry.row);
    }
    prune();
  });
  return {
    seen(event, row) {
      seq += 1;
      if (fetchesFrom.size > 0) kept.push({ seq, event, row });
    },
    stop,
  };
}
