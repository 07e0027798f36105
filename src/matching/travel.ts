import type { MatchingInput, MatchZone, TravelTime } from './types.ts';

/** Urban door-to-door speed used for default travel times (km/h), after a detour factor on the straight line. */
const URBAN_SPEED_KMH = 30;
const DETOUR_FACTOR = 1.3;
const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in kilometres. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Default minutes between two coordinates: straight line × 1.3 at 30 km/h, rounded up. */
export function defaultTravelMinutes(a: MatchZone, b: MatchZone): number | null {
  if (a.latitude == null || a.longitude == null || b.latitude == null || b.longitude == null) return null;
  const km = haversineKm(a.latitude, a.longitude, b.latitude, b.longitude) * DETOUR_FACTOR;
  return Math.ceil((km / URBAN_SPEED_KMH) * 60);
}

/**
 * A function giving minutes from one zone to another: the table entry, else the reverse entry, else the default
 * from coordinates, else `fallback`. The same zone is 0 minutes; an unknown (`null`) zone is `fallback` away from
 * everything, itself included, since two unknown addresses may be far apart.
 */
export function travelTimeLookup(
  zones: readonly MatchZone[],
  table: readonly TravelTime[] | undefined,
  fallback: number,
): (from: string | null, to: string | null) => number {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const entries = new Map<string, number>();
  for (const t of table ?? []) entries.set(`${t.fromZoneId}\u0000${t.toZoneId}`, t.minutes);
  return (from, to) => {
    if (from === null || to === null) return fallback;
    if (from === to) return 0;
    const direct = entries.get(`${from}\u0000${to}`) ?? entries.get(`${to}\u0000${from}`);
    if (direct !== undefined) return direct;
    const a = byId.get(from);
    const b = byId.get(to);
    const derived = a && b ? defaultTravelMinutes(a, b) : null;
    return derived ?? fallback;
  };
}

/** Minutes between zones as planning counts them for an engine input: its table, its zones, its fallback (15). */
export const planningTravel = (input: Pick<MatchingInput, 'zones' | 'travelTimes' | 'fallbackTravelMinutes'>) =>
  travelTimeLookup(input.zones, input.travelTimes, input.fallbackTravelMinutes ?? 15);
