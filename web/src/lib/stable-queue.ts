/**
 * The approval queue's order while live updates arrive: a coordinator working down the list must
 * not have cards move under the cursor. Cards keep the order the page first showed; a card that
 * left the queue elsewhere (approved by a colleague, taken back) stays as a short "gone" line in
 * its place until the coordinator re-sorts; a card this page itself approved or rejected simply
 * leaves; proposals that arrived later are listed after a marked place, in the server's order.
 */
export type QueueSlot<T> = { kind: 'live'; item: T } | { kind: 'gone'; id: string };

export interface ArrangedQueue<T> {
  /** The cards the page already showed, in that order, gone ones marked. */
  settled: QueueSlot<T>[];
  /** Proposals that arrived after the page showed its list (or was last re-sorted). */
  fresh: T[];
}

export function arrangeQueue<T extends { id: string }>(
  shownIds: readonly string[],
  current: readonly T[],
  handledIds: readonly string[],
): ArrangedQueue<T> {
  const byId = new Map(current.map((item) => [item.id, item]));
  const handled = new Set(handledIds);
  const shown = new Set(shownIds);
  const settled: QueueSlot<T>[] = [];
  for (const id of shownIds) {
    const item = byId.get(id);
    if (item) settled.push({ kind: 'live', item });
    else if (!handled.has(id)) settled.push({ kind: 'gone', id });
  }
  const fresh = current.filter((item) => !shown.has(item.id));
  return { settled, fresh };
}

/** Every card still in the queue, in the order the page shows them. */
export function liveInOrder<T>(arranged: ArrangedQueue<T>): T[] {
  const live: T[] = [];
  for (const slot of arranged.settled) if (slot.kind === 'live') live.push(slot.item);
  return [...live, ...arranged.fresh];
}

/**
 * Where keyboard focus goes once the card `id` leaves because this page acted on it: the next
 * card in the order shown, else the one before, else none (the queue's heading).
 */
export function focusAfter<T extends { id: string }>(
  ordered: readonly T[],
  id: string,
): string | undefined {
  const at = ordered.findIndex((item) => item.id === id);
  if (at < 0) return undefined;
  return (ordered[at + 1] ?? ordered[at - 1])?.id;
}
