/**
 * How one session's places change when places are cancelled and new attendees ask for a place: freed
 * places go to the waiting list in order, the rest of the list closes ranks (positions stay 1…n with no
 * gap), and newcomers get a place only when nobody is waiting, else join the end of the list.
 * Pure: the caller turns the plan into statements for one atomic batch.
 */

export interface WaitingPlace {
  placeId: string;
  attendeeId: string;
  position: number;
}

export interface SessionPlaces {
  sessionId: string;
  capacity: number;
  confirmedCount: number;
  /** The waiting list, positions 1…n. */
  waitlist: WaitingPlace[];
}

export interface SessionPlan {
  /** Waiting places promoted to confirmed, in line order. */
  promoted: WaitingPlace[];
  /** Waiting places that stay, with their new positions. */
  renumbered: { placeId: string; position: number }[];
  /** New places, in the order the attendees were given. */
  added: { attendeeId: string; status: 'confirmed' | 'waitlisted'; position: number | null }[];
}

export function planSession(
  session: SessionPlaces,
  change: { cancelledConfirmed: number; cancelledWaiting: ReadonlySet<string>; newAttendees: readonly string[] },
): SessionPlan {
  const stillWaiting = [...session.waitlist].sort((a, b) => a.position - b.position).filter((p) => !change.cancelledWaiting.has(p.placeId));
  let free = Math.max(0, session.capacity - (session.confirmedCount - change.cancelledConfirmed));
  const promoted = stillWaiting.splice(0, Math.min(free, stillWaiting.length));
  free -= promoted.length;
  const renumbered = stillWaiting.map((place, index) => ({ placeId: place.placeId, position: index + 1 }));
  let nextPosition = renumbered.length + 1;
  const added = change.newAttendees.map((attendeeId) => {
    if (free > 0) {
      free--;
      return { attendeeId, status: 'confirmed' as const, position: null };
    }
    return { attendeeId, status: 'waitlisted' as const, position: nextPosition++ };
  });
  return { promoted, renumbered, added };
}
