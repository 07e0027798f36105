import { describe, expect, it } from 'vitest';
import { checkPlan } from './check-plan.ts';
import type { MatchingInput } from './types.ts';

const input: MatchingInput = {
  slots: [
    { id: 's1', startsAt: '2027-09-15T07:00:00Z', endsAt: '2027-09-15T07:45:00Z' },
    { id: 's2', startsAt: '2027-09-15T08:00:00Z', endsAt: '2027-09-15T08:45:00Z' },
    { id: 's3', startsAt: '2027-09-15T07:30:00Z', endsAt: '2027-09-15T08:15:00Z' },
  ],
  zones: [{ id: 'a' }, { id: 'b' }],
  travelTimes: [{ fromZoneId: 'a', toZoneId: 'b', minutes: 20 }],
  hosts: [
    { id: 'p1', kind: 'politician', party: 'S', topicIds: [], availableSlotIds: ['s1', 's2', 's3'], maxVisitsPerDay: 1, startZoneId: 'a' },
    {
      id: 'o1',
      kind: 'official',
      department: 'bygglov',
      topicIds: [],
      availableSlotIds: ['s1', 's2', 's3'],
      maxVisitsPerDay: 3,
      startZoneId: 'a',
    },
    { id: 'o2', kind: 'official', department: 'miljo', topicIds: [], availableSlotIds: ['s1'], maxVisitsPerDay: 3, startZoneId: 'a' },
    { id: 'p2', kind: 'politician', party: 'M', topicIds: [], availableSlotIds: ['s1', 's2', 's3'], maxVisitsPerDay: 3, startZoneId: 'a' },
  ],
  requests: [
    { id: 'r1', slotIds: ['s1'], topicIds: [], zoneId: 'a', participants: 1, priority: 1, arrival: 0 },
    { id: 'r2', slotIds: ['s2', 's3'], topicIds: [], zoneId: 'b', participants: 1, priority: 1, arrival: 1 },
    { id: 'r3', slotIds: ['s2'], topicIds: [], zoneId: 'a', participants: 1, priority: 1, arrival: 2, wantsDepartment: 'miljo' },
  ],
};

const codes = (visits: Parameters<typeof checkPlan>[1], extra: Partial<MatchingInput> = {}) =>
  checkPlan({ ...input, ...extra }, visits).map((v) => v.code);

describe('checkPlan', () => {
  it('accepts a valid plan', () => {
    expect(codes([{ requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] }])).toEqual([]);
  });

  it('finds unknown ids, duplicates and unacceptable slots', () => {
    expect(codes([{ requestId: 'rx', slotId: 's1', hostIds: [] }])).toEqual(['unknown_request']);
    expect(codes([{ requestId: 'r1', slotId: 'sx', hostIds: [] }])).toEqual(['unknown_slot']);
    expect(codes([{ requestId: 'r1', slotId: 's2', hostIds: ['p2', 'o1'] }])).toEqual(['slot_not_acceptable']);
    expect(codes([{ requestId: 'r1', slotId: 's1', hostIds: ['p2', 'ox'] }])).toContain('unknown_host');
    expect(
      codes([
        { requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] },
        { requestId: 'r1', slotId: 's1', hostIds: ['p1', 'o2'] },
      ]),
    ).toContain('duplicate_request');
  });

  it('finds availability, double booking, max visits and travel', () => {
    expect(codes([{ requestId: 'r2', slotId: 's2', hostIds: ['p2', 'o2'] }])).toEqual(['host_unavailable']);
    // s3 overlaps s1: the same official cannot be in both.
    expect(
      codes([
        { requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] },
        { requestId: 'r2', slotId: 's3', hostIds: ['p1', 'o1'] },
      ]),
    ).toEqual(['host_double_booked']);
    expect(
      codes([
        { requestId: 'r1', slotId: 's1', hostIds: ['p1', 'o2'] },
        { requestId: 'r3', slotId: 's2', hostIds: ['p1', 'o1'] },
      ]),
    ).toEqual(['department_party', 'max_visits']);
    // s1 ends 07:45 in zone a; s2 starts 08:00 in zone b, 20 minutes + 10 minutes' buffer away.
    expect(
      codes([
        { requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] },
        { requestId: 'r2', slotId: 's2', hostIds: ['p1', 'o1'] },
      ]),
    ).toEqual(['travel']);
    expect(
      codes(
        [
          { requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] },
          { requestId: 'r2', slotId: 's2', hostIds: ['p1', 'o1'] },
        ],
        { rules: { transferBufferMinutes: 0 }, travelTimes: [{ fromZoneId: 'a', toZoneId: 'b', minutes: 15 }] },
      ),
    ).toEqual([]);
  });

  it('finds broken composition, wishes and moved locked visits', () => {
    expect(codes([{ requestId: 'r1', slotId: 's1', hostIds: ['p1', 'p2'] }])).toEqual(['composition']);
    expect(codes([{ requestId: 'r1', slotId: 's1', hostIds: ['o1', 'o1'] }])).toContain('composition');
    expect(codes([{ requestId: 'r3', slotId: 's2', hostIds: ['p2', 'o1'] }])).toEqual(['department_party']);
    expect(codes([], { locked: [{ requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] }] })).toEqual(['locked_changed']);
    expect(
      codes([{ requestId: 'r1', slotId: 's1', hostIds: ['o1', 'p2'] }], {
        locked: [{ requestId: 'r1', slotId: 's1', hostIds: ['p2', 'o1'] }],
      }),
    ).toEqual([]);
  });
});
