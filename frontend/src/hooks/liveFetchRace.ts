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
  const stop = client.getQueryCache().subscribe((change) => {
    if (change.type !== 'updated' || !isList(change.query.queryKey)) return;
    const { action } = change;
    const hash = change.query.queryHash;
    if (action.type === 'fetch') {
      fetchesFrom.set(hash, seq);
    } else if (action.type === 'success' && !action.manual) {
      const from = fetchesFrom.get(hash);
      fetchesFrom.delete(hash);
      if (from !== undefined) for (const entry of kept) if (entry.seq > from) replay(entry.event, entry.row);
      prune();
    } else if (action.type === 'error') {
      fetchesFrom.delete(hash);
      prune();
    }
  });
  return {
    seen(event, row) {
      seq += 1;
      if (fetchesFrom.size > 0) kept.push({ seq, event, row });
    },
    stop,
  };
}
