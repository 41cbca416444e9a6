import 'reflect-metadata';
import { validate } from 'class-validator';
import { PAGE_SIZE, PageArgs } from '../connection';

/** What class-validator (and so type-graphql, before any resolver runs) says of a page size. */
async function problems(first: number): Promise<string[]> {
  const errors = await validate(Object.assign(new PageArgs(), { first }));
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
}

describe('the paging policy', () => {
  test('first is 1 to 500 (default 50)', async () => {
    expect(PAGE_SIZE).toEqual({ default: 50, max: 500 });
    for (const first of [1, 50, 500]) expect([first, await problems(first)]).toEqual([first, []]);
  });

  test('anything else is refused naming first and the range, never clamped', async () => {
    for (const first of [0, -1, 501, 100_000]) expect([first, await problems(first)]).toEqual([first, ['first: must be between 1 and 500']]);
  });
});
