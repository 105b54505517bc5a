import type { Permission } from '../authorization.js';
import { forbidden } from '../errors.js';

/** Why `authorize` refuses each permission, as the person refused reads it. */
const REFUSALS: Partial<Record<Permission, string>> = {
  'consultation.send': 'Only the board manager or the chair of the body can send consultations and votes.',
  'membership.manage': 'Only the board manager keeps the membership.',
  'consultation.answer': 'Only members of the body, or their named deputies, can answer for an agency.',
  'consultation.tally': 'Only the board manager and the chair of the body can see the tally.',
  'consultation.casting-vote': 'Only the chair holds the casting vote.',
  'consultation.consensus': 'Only the chair of the body or the board manager records a consensus.',
  'consultation.refer': 'Only a member who voted against a decision can refer it.',
  'meeting.register': 'Only the board manager records the attendance register.',
  'meeting.apologies': 'Only the holder of a seat answers its meeting notices; nothing was recorded.',
  'meeting.schedule': 'Only the board manager or the chair of a body can add or change its meetings.',
  'meeting.brief': "Only the board manager and the chairs can see the chair's brief.",
  'meeting.proxy': "Only the chair of the body agrees to a member's proxy.",
  'action.create': 'Only the board manager or the chair of the body can add actions for it.',
  'action.view-body': "Only the board manager and the chair of the body can list the body's actions.",
  'action.accept-due-date': 'Only the chair of the governing body can accept or decline a new due date.',
  'policy.manage': 'Only the board manager manages the policy register.',
  'absence.review': 'Only the board manager reviews absences.',
  'person.export': 'Only the board manager can export or remove personal data.',
  'person.remove': 'Only the board manager can export or remove personal data.',
  'directory.install': 'Only the board manager can install Quorum for other members.',
  'dashboard.view': "The dashboard is for the members, deputies, chairs and manager of the partnership's bodies.",
  'dashboard.annual-report': 'Only the board manager and the chairs can see the annual report.',
  'returns.open': 'Only the board manager opens a round of returns.',
  'returns.reopen': 'Only the board manager reopens a submitted return.',
  'returns.peer-review': 'Only the board manager and the chair of the QA sub-group plan peer review meetings and record their evaluations.',
};

export const authorizationErrors = {
  refused: (permission: Permission) => forbidden(REFUSALS[permission] ?? 'You are not allowed to do that.'),
};
