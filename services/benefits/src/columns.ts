import { Column, type ColumnOptions } from 'typeorm';

/**
 * Money is kept in fen (分) as BIGINT: a city's yearly budget can pass what an INT holds
 * in fen. mysql2 returns BIGINT as a string; amounts stay far below 2^53, so a number is exact.
 */
export const Money = (name: string, opts: Partial<ColumnOptions> = {}) =>
  Column({
    name,
    type: 'bigint',
    transformer: { to: (v: number | null | undefined) => v, from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)) },
    ...opts,
  });

/** Fen as yuan for messages: 12345 -> "123.45". */
export const yuan = (cents: number): string => (cents / 100).toFixed(2);
