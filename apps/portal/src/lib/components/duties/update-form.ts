// The state of a duty's progress form after it was posted (a page's `capNhat` action): the typed
// values, errors beside the fields, and, when someone else updated the duty first, its current
// status and the version to send again with.
import type { DutyState, DutyStatus } from './duties';

export interface UpdateForm {
  dutyId: string;
  values: { status: string; note: string };
  errors: { status?: string[]; note?: string[] };
  /** A message for the whole form (not about one field). */
  message: string | null;
  /**
   * Someone updated the duty first: its status and version now. `keptStatus`: the person had
   * changed the status, and their choice stays selected; otherwise the current status is.
   */
  conflict: { status: DutyStatus; state: DutyState; statusLabel: string; version: number; keptStatus: boolean } | null;
}

export interface UpdateDone {
  dutyId: string;
  statusLabel: string;
  withNote: boolean;
}

/** The posted form of this duty, out of a page's `form` (the action data), if it is this duty's. */
export function updateFormOf(form: unknown, dutyId: string): UpdateForm | null {
  if (!form || typeof form !== 'object' || !('update' in form)) return null;
  const update = (form as { update: UpdateForm }).update;
  return update.dutyId === dutyId ? update : null;
}

export function updateDoneOf(form: unknown, dutyId: string): UpdateDone | null {
  if (!form || typeof form !== 'object' || !('updated' in form)) return null;
  const updated = (form as { updated: UpdateDone }).updated;
  return updated.dutyId === dutyId ? updated : null;
}
