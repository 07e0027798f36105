import { describe, expect, it } from 'vitest';
import type { Plan } from '../matching/index.ts';
import { changeState, draftChanges } from './plan-drafts.ts';
import type { LiveVisit } from './visit-data.ts';

const saved = (requestId: string, slotId: string, hostIds: string[], updatedAt = 't0'): LiveVisit =>
  ({
    id: `v-${requestId}`,
    requestId,
    slotId,
    hosts: hostIds.map((id) => ({ id })),
    updatedAt,
    status: 'proposed',
  }) as unknown as LiveVisit;

const plan = (visits: Plan['visits']): Plan =>
  ({ visits, unplaced: [], quality: {}, upperBound: 0, gap: 0, gapPercent: 0, stats: {}, warnings: [] }) as unknown as Plan;

describe('a proposal compared with the saved visits', () => {
  const live = [saved('a', 's1', ['h1', 'h2']), saved('b', 's1', ['h3', 'h4']), saved('c', 's2', ['h1', 'h2']), saved('d', 's2', ['h5'])];
  const changes = draftChanges(
    plan([
      { requestId: 'a', slotId: 's1', hostIds: ['h2', 'h1'] },
      { requestId: 'b', slotId: 's3', hostIds: ['h3', 'h4'] },
      { requestId: 'c', slotId: 's2', hostIds: ['h1', 'h6'] },
      { requestId: 'e', slotId: 's1', hostIds: ['h5', 'h6'] },
    ]),
    live,
  );

  it('marks each request new, moved, re-staffed, unchanged or removed, with the saved visit it starts from', () => {
    expect(changes.map((c) => [c.requestId, c.kind])).toEqual([
      ['a', 'unchanged'],
      ['b', 'moved'],
      ['c', 'restaffed'],
      ['e', 'new'],
      ['d', 'removed'],
    ]);
    expect(changes.find((c) => c.requestId === 'd')).toMatchObject({ after: null, before: { visitId: 'v-d', updatedAt: 't0' } });
    expect(changes.find((c) => c.requestId === 'e')?.before).toBeNull();
  });

  it('is pending while its base holds, saved once the board holds it, stale once the base changed otherwise', () => {
    const moved = changes.find((c) => c.requestId === 'b');
    const fresh = changes.find((c) => c.requestId === 'e');
    if (!moved || !fresh) throw new Error('missing change');
    expect(changeState(moved, live)).toBe('pending');
    expect(changeState(fresh, live)).toBe('pending');
    expect(changeState(moved, [{ ...saved('b', 's3', ['h4', 'h3'], 't1'), id: 'v-b2' }])).toBe('saved');
    expect(changeState(moved, [saved('b', 's1', ['h3', 'h4'], 't1')])).toBe('stale');
    expect(changeState(moved, [])).toBe('stale');
    expect(changeState(fresh, [saved('e', 's1', ['h5'])])).toBe('stale');
    expect(changeState(fresh, [saved('e', 's1', ['h6', 'h5'])])).toBe('saved');
    // A base that is confirmed or locked is never withdrawn by a proposal.
    expect(changeState(moved, [{ ...saved('b', 's1', ['h3', 'h4']), status: 'confirmed' }])).toBe('stale');
    expect(changeState(moved, [{ ...saved('b', 's1', ['h3', 'h4']), locked: true }])).toBe('stale');
  });
});
