import type { CareKind } from './api';

/** The care list's sections, in the order a staff card shows them. */
export const CARE_KINDS: readonly CareKind[] = ['encourage', 'help', 'contact'];

/** A staff bucket's key in the URL and the filter: its member id, or `none` for members without staff. */
export const staffKey = (staffMemberId: number | null) => (staffMemberId === null ? 'none' : String(staffMemberId));
