/**
 * Who sees which case (`ticket show`, `ticket list`): operators and admins every case, an ICT
 * contact the cases of their own school, everybody their own; and the database filter that
 * `ticket list` uses shows exactly those.
 */
import fc from 'fast-check';
import type { Person } from '../../../src/people/person';
import type { Role } from '../../../src/people/role';
import {
  canSeeTicket,
  isStaff,
  visibilityFilter,
  type VisibleTicketFields,
} from '../../../src/tickets/ticket-visibility';

const person = (id: string, roles: Role[], school?: string): Person => ({
  id,
  name: id,
  roles,
  identities: {},
  known: true,
  ...(school ? { school } : {}),
});

const oscar = person('oscar', ['operator']);
const ada = person('ada', ['admin']);
const ingrid = person('ingrid', ['ict-contact'], 'nordby');
const ivar = person('ivar', ['ict-contact']); // an ICT contact with no school in the config
const anna = person('anna', ['reporter'], 'nordby');
const carl = person('carl', ['ccb', 'change-manager', 'release-manager'], 'nordby');
const stranger: Person = {
  id: 'slack:U999',
  name: 'U999',
  roles: ['reporter'],
  identities: { slack: 'U999' },
  known: false,
};

const annasCase: VisibleTicketFields = { reporterId: 'anna', school: 'nordby' };
const bjornsCase: VisibleTicketFields = { reporterId: 'bjorn', school: 'sandvik' };
const ingridsCaseElsewhere: VisibleTicketFields = { reporterId: 'ingrid', school: 'sandvik' };
const caseWithoutSchool: VisibleTicketFields = { reporterId: 'bjorn' };
const strangersCase: VisibleTicketFields = { reporterId: 'slack:U999', school: null };

describe('canSeeTicket', () => {
  it('lets operators and admins see every case', () => {
    for (const staff of [oscar, ada]) {
      for (const t of [annasCase, bjornsCase, caseWithoutSchool, strangersCase])
        expect(canSeeTicket(staff, t)).toBe(true);
    }
  });

  it('lets a reporter see their own case only, not the rest of their school', () => {
    expect(canSeeTicket(anna, annasCase)).toBe(true);
    expect(canSeeTicket(anna, { reporterId: 'bjorn', school: 'nordby' })).toBe(false);
    expect(canSeeTicket(anna, bjornsCase)).toBe(false);
  });

  it("lets an ICT contact see their school's cases and their own, not other schools'", () => {
    expect(canSeeTicket(ingrid, annasCase)).toBe(true);
    expect(canSeeTicket(ingrid, ingridsCaseElsewhere)).toBe(true);
    expect(canSeeTicket(ingrid, bjornsCase)).toBe(false);
    expect(canSeeTicket(ingrid, caseWithoutSchool)).toBe(false);
  });

  it('does not let an ICT contact without a school see the cases without one', () => {
    expect(canSeeTicket(ivar, caseWithoutSchool)).toBe(false);
    expect(canSeeTicket(ivar, strangersCase)).toBe(false);
  });

  it('gives change roles no view of other people’s cases', () => {
    expect(canSeeTicket(carl, annasCase)).toBe(false);
  });

  it('lets a person not in the config see the case they reported', () => {
    expect(canSeeTicket(stranger, strangersCase)).toBe(true);
    expect(canSeeTicket(stranger, annasCase)).toBe(false);
  });
});

describe('isStaff', () => {
  it('is operators and admins only', () => {
    expect([oscar, ada, ingrid, anna, carl, stranger].map(isStaff)).toEqual([true, true, false, false, false, false]);
  });
});

/** Enough of MongoDB's matching for the filters visibilityFilter returns: equality and `$or`. */
function matches(filter: Record<string, unknown>, doc: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, want]) =>
    key === '$or' ? (want as Array<Record<string, unknown>>).some((f) => matches(f, doc)) : (doc[key] ?? null) === want,
  );
}

describe('visibilityFilter', () => {
  it('is no restriction for staff, own-or-school for an ICT contact, own for everybody else', () => {
    expect(visibilityFilter(oscar)).toEqual({});
    expect(visibilityFilter(ingrid)).toEqual({ $or: [{ reporterId: 'ingrid' }, { school: 'nordby' }] });
    expect(visibilityFilter(ivar)).toEqual({ reporterId: 'ivar' });
    expect(visibilityFilter(anna)).toEqual({ reporterId: 'anna' });
  });

  it('selects exactly the cases canSeeTicket allows (property)', () => {
    const ids = ['anna', 'bjorn', 'ingrid', 'oscar'];
    const schools = ['nordby', 'sandvik'];
    const personArb = fc.record({
      id: fc.constantFrom(...ids),
      roles: fc.subarray(['reporter', 'ict-contact', 'operator', 'ccb', 'admin'] as Role[]),
      school: fc.option(fc.constantFrom(...schools), { nil: undefined }),
    });
    const ticketArb = fc.record({
      reporterId: fc.constantFrom(...ids),
      school: fc.option(fc.constantFrom(...schools), { nil: null }),
    });
    fc.assert(
      fc.property(personArb, ticketArb, (p, t) => {
        const who = person(p.id, p.roles, p.school);
        expect(matches(visibilityFilter(who), { ...t })).toBe(canSeeTicket(who, t));
      }),
      { numRuns: 500 },
    );
  });
});
