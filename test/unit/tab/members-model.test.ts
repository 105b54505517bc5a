import { describe, expect, it } from 'vitest';
import type { MembersView } from '../../../services/domain/membership-views.js';
import { attentionLine, conditionText, fieldFor, formatOfFile, localMatches, names, newUsers, slug } from '../../../tab/src/members-model.js';

const view: MembersView = {
  partnership: { id: 'p', name: 'Partnership', source: 'Constitution' },
  version: 'v1',
  today: '2026-12-07',
  agencies: [{ id: 'police', name: 'Police', sector: 'police', statutory: true, serviceRole: 'provider' }],
  people: [
    { id: 'p1', aadObjectId: 'AAD-1', displayName: 'Detective Superintendent', email: 'ds@police.example', guest: true, seats: [], reachable: false },
  ],
  bodies: [],
  seats: [{ id: 's1', bodyId: 'board', title: 'Borough Commander', roles: ['P', 'V'], voting: true, history: [] }],
  attention: [],
};

describe('the Members page helpers', () => {
  it('names what needs attention in a manager\'s words and points at the row', () => {
    const n = names({ ...view, bodies: [{ id: 'board', name: 'the Board' } as MembersView['bodies'][number]] });
    expect(attentionLine({ kind: 'vacant-seat', bodyId: 'board', seatId: 's1' }, n)).toMatchObject({ label: 'Vacant seat', subject: 'Borough Commander on the Board', section: 'seats', rowId: 'seat-row-s1' });
    expect(attentionLine({ kind: 'no-voting-seat', agencyId: 'police' }, n)).toMatchObject({ label: 'No voting seat', subject: 'Police', section: 'agencies' });
    expect(attentionLine({ kind: 'never-reached', personId: 'p1' }, n)).toMatchObject({ label: 'Never reached in Teams', subject: 'Detective Superintendent', section: 'people' });
  });

  it('puts a problem next to the nearest field the form has', () => {
    const known = ['name', 'quorum.conditions', 'cadence.noticeWorkingDays'];
    expect(fieldFor('name', known)).toBe('name');
    expect(fieldFor('quorum.conditions[1].count', known)).toBe('quorum.conditions');
    expect(fieldFor('cadence.noticeWorkingDays', known)).toBe('cadence.noticeWorkingDays');
    expect(fieldFor('absence', known)).toBeUndefined();
  });

  it('takes the import format from the file name', () => {
    expect(formatOfFile('Members 2027.XLSX')).toBe('xlsx');
    expect(formatOfFile('members.csv')).toBe('csv');
    expect(formatOfFile('partnership.json')).toBe('json');
    expect(formatOfFile('members.xls')).toBeUndefined();
  });

  it('offers partnership people first, and directory users not already among them', () => {
    expect(localMatches(view.people, 'ds@').map((p) => p.id)).toEqual(['p1']);
    expect(localMatches(view.people, ' ')).toEqual([]);
    const found = [
      { objectId: 'aad-1', displayName: 'Detective Superintendent', guest: true },
      { objectId: 'aad-2', displayName: 'Detective Inspector', guest: false },
    ];
    expect(newUsers(found, view.people).map((u) => u.objectId)).toEqual(['aad-2']);
  });

  it('says a quorum condition in words', () => {
    const n = names(view);
    expect(conditionText({ kind: 'min-agencies', count: 3, excludeChair: true }, n)).toBe("At least 3 agencies (not counting the chair's agency)");
    expect(conditionText({ kind: 'membership-share', share: 0.5 }, n)).toBe('50% of the members');
    expect(conditionText({ kind: 'required-present', groups: [{ label: '', agencyIds: ['police'] }] }, n)).toBe('Present: Police');
    expect(slug("Children's Services, Merton")).toBe('children-s-services-merton');
  });
});
