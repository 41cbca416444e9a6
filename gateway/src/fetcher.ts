import { Agent, fetch } from 'undici';
import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * Subgraph HTTP: pooled keep-alive connections (no TCP handshake per fetch) and a hard
 * deadline per fetch, so a hung subgraph yields an error in the answer, never a hung
 * gateway.
 */
export function createFetcher(timeoutMs: number): Fetcher & { close(): Promise<void> } {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
    pipelining: 1,
    connect: { timeout: Math.min(timeoutMs, 2_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const fetcher = ((url: string, init?: Record<string, unknown>) =>
    fetch(url, { ...(init as object), dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
  return Object.assign(fetcher, { close: () => agent.close() });
}
