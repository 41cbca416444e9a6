import { Entity, PrimaryColumn, getMetadataArgsStorage } from 'typeorm';
import { cityAfterMove, CityColumn, cityOf, cityPath, citySource, stampCity } from '../city';
import { loadServiceConfig } from '../config';

// Ids as the tree has them: N(ation), P(rovince), C(ity), D(istrict), S(treet), E(nterprise).
const [N, P, C, D, S, E] = ['01N', '01P', '01C', '01D', '01S', '01E'];
const path = (...ids: string[]) => `/${ids.join('/')}/`;

@Entity('thing')
class Thing {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  orgPath: string;

  @CityColumn('orgPath')
  city?: string;
}

describe('the city of a path', () => {
  test('with the city at the root (ORG_LEVELS_ABOVE_CITY 0) it is the first segment', () => {
    expect([path(C), path(C, D, S, E)].map((p) => cityOf(p, 0))).toEqual([C, C]);
  });

  test('below a province it is the second segment; the province row is its own', () => {
    expect([path(P), path(P, C), path(P, C, D, S, E)].map((p) => cityOf(p, 1))).toEqual([P, C, C]);
    expect([path(P), path(P, C, D)].map((p) => cityPath(p, 1))).toEqual([path(P), path(P, C)]);
  });

  test('below the nation and a province it is the third', () => {
    expect([path(N), path(N, P), path(N, P, C), path(N, P, C, D, S, E)].map((p) => cityOf(p, 2))).toEqual([N, P, C, C]);
  });

  test('is read from ORG_LEVELS_ABOVE_CITY on every use, and a move takes rows to the new city only at or below the city level', () => {
    const before = process.env.ORG_LEVELS_ABOVE_CITY;
    try {
      process.env.ORG_LEVELS_ABOVE_CITY = '1';
      expect(cityOf(path(P, C, D))).toBe(C);
      expect(cityAfterMove(path(P, '01C2', D))).toBe('01C2');
      expect(cityAfterMove(path('01P2', C))).toBe(C);
      process.env.ORG_LEVELS_ABOVE_CITY = '2';
      expect(cityAfterMove(path(N, '01P2'))).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.ORG_LEVELS_ABOVE_CITY;
      else process.env.ORG_LEVELS_ABOVE_CITY = before;
    }
  });

  test('a bad ORG_LEVELS_ABOVE_CITY stops the service at start', () => {
    expect(() => loadServiceConfig('members', { ORG_LEVELS_ABOVE_CITY: 'province' })).toThrow(/ORG_LEVELS_ABOVE_CITY/);
    expect(() => loadServiceConfig('members', { ORG_LEVELS_ABOVE_CITY: '4' })).toThrow(/ORG_LEVELS_ABOVE_CITY/);
  });
});

describe('CityColumn', () => {
  test('declares a city column and stamps it from the named path; rows of tables without one are untouched', () => {
    expect(getMetadataArgsStorage().columns.filter((c) => c.target === Thing).map((c) => c.options.name ?? c.propertyName)).toContain('city');
    expect(citySource({ target: Thing })).toBe('orgPath');
    const row: Partial<Thing> = { id: 'x', orgPath: path(C, D) };
    stampCity({ target: Thing }, row);
    expect(row.city).toBe(C);
    const other: Record<string, unknown> = { orgPath: path(C) };
    stampCity({ target: class Other {} }, other);
    expect(other).toEqual({ orgPath: path(C) });
    // An update that does not set the path leaves the city alone.
    const update: Record<string, unknown> = { state: 'DONE' };
    stampCity({ target: Thing }, update);
    expect(update).toEqual({ state: 'DONE' });
  });
});
