import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSession, type WaitingPlace } from './waitlist.ts';

const waiting = (n: number): WaitingPlace[] =>
  Array.from({ length: n }, (_, i) => ({ placeId: `w${i + 1}`, attendeeId: `a${i + 1}`, position: i + 1 }));

describe('waiting list planning', () => {
  it('confirms newcomers while there is room, then queues them in order', () => {
    const plan = planSession(
      { sessionId: 's', capacity: 3, confirmedCount: 1, waitlist: [] },
      { cancelledConfirmed: 0, cancelledWaiting: new Set(), newAttendees: ['x', 'y', 'z'] },
    );
    expect(plan.added).toEqual([
      { attendeeId: 'x', status: 'confirmed', position: null },
      { attendeeId: 'y', status: 'confirmed', position: null },
      { attendeeId: 'z', status: 'waitlisted', position: 1 },
    ]);
  });

  it('promotes the first in line when a confirmed place is cancelled', () => {
    const plan = planSession(
      { sessionId: 's', capacity: 2, confirmedCount: 2, waitlist: waiting(3) },
      { cancelledConfirmed: 1, cancelledWaiting: new Set(), newAttendees: [] },
    );
    expect(plan.promoted.map((p) => p.placeId)).toEqual(['w1']);
    expect(plan.renumbered).toEqual([
      { placeId: 'w2', position: 1 },
      { placeId: 'w3', position: 2 },
    ]);
  });

  it('closes the gap when someone leaves the list, and never lets a newcomer pass the queue', () => {
    const plan = planSession(
      { sessionId: 's', capacity: 2, confirmedCount: 2, waitlist: waiting(3) },
      { cancelledConfirmed: 0, cancelledWaiting: new Set(['w2']), newAttendees: ['n'] },
    );
    expect(plan.promoted).toEqual([]);
    expect(plan.renumbered).toEqual([
      { placeId: 'w1', position: 1 },
      { placeId: 'w3', position: 2 },
    ]);
    expect(plan.added).toEqual([{ attendeeId: 'n', status: 'waitlisted', position: 3 }]);
  });

  it('keeps confirmed within capacity and positions contiguous for any change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.boolean(), { maxLength: 6 }),
        (capacity, confirmedRaw, waitingCount, newcomers, leaves) => {
          const confirmedCount = Math.min(confirmedRaw, capacity);
          // A waiting list only exists when the session is full.
          const list = confirmedCount < capacity ? [] : waiting(waitingCount);
          const cancelledConfirmed = Math.min(confirmedCount, leaves.filter(Boolean).length);
          const cancelledWaiting = new Set(list.filter((_, i) => leaves[i] === false).map((p) => p.placeId));
          const plan = planSession(
            { sessionId: 's', capacity, confirmedCount, waitlist: list },
            { cancelledConfirmed, cancelledWaiting, newAttendees: Array.from({ length: newcomers }, (_, i) => `n${i}`) },
          );
          const confirmedAfter =
            confirmedCount - cancelledConfirmed + plan.promoted.length + plan.added.filter((a) => a.status === 'confirmed').length;
          expect(confirmedAfter).toBeLessThanOrEqual(capacity);
          const positions = [
            ...plan.renumbered.map((r) => r.position),
            ...plan.added.flatMap((a) => (a.position ? [a.position] : [])),
          ].sort((a, b) => a - b);
          expect(positions).toEqual(positions.map((_, i) => i + 1));
          // Nobody waits while a place is free.
          if (positions.length > 0) expect(confirmedAfter).toBe(capacity);
        },
      ),
    );
  });
});
