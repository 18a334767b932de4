/** GET /api/communities/:slug/care (src/members/care.routes.ts). */
export type CareKind = 'encourage' | 'help' | 'contact';
export const CARE_KINDS: CareKind[] = ['encourage', 'help', 'contact'];

export interface CareItem {
  memberId: string;
  memberName: string;
  kind: CareKind;
  reason: string;
  reasonCode: string;
  reasonParams: Record<string, number | string>;
  groupName: string;
  done: boolean;
  doneNote?: string;
}

export interface CareStaff {
  staffMemberId: string | null;
  staffName: string | null;
  items: CareItem[];
}

export interface CareList {
  day: string;
  staff: CareStaff[];
}
