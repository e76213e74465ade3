// What the app is told by its environment: the Python side (drift/framework.py) sets all of it.

export type Adapter = 'express' | 'fastify';

export interface Settings {
  adapter: Adapter;
  port: number; // 0: the OS picks one, and the ready line names it
  apiKey: string;
  seedPath: string | undefined;
  throttleLimit: number;
  throttleTtlMs: number;
  exitWithParent: boolean;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') {
    return fallback;
  }
  if (!/^[0-9]+$/.test(text)) {
    throw new Error(`${name}: expected a whole number, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const adapter = env.SPIRII_NEST_ADAPTER ?? 'express';
  if (adapter !== 'express' && adapter !== 'fastify') {
    const seen = JSON.stringify(adapter);
    throw new Error(`SPIRII_NEST_ADAPTER: expected express or fastify, got ${seen}`);
  }
  const apiKey = env.SPIRII_NEST_API_KEY;
  if (!apiKey) {
    throw new Error('SPIRII_NEST_API_KEY: expected the API key the guard accepts, got nothing');
  }
  return {
    adapter,
    port: whole(env, 'SPIRII_NEST_PORT', 0),
    apiKey,
    seedPath: env.SPIRII_NEST_SEED || undefined,
    // High enough that a guard run is never throttled, unless a test asks for a small limit.
    throttleLimit: whole(env, 'SPIRII_NEST_THROTTLE_LIMIT', 100_000),
    throttleTtlMs: whole(env, 'SPIRII_NEST_THROTTLE_TTL_MS', 60_000),
    exitWithParent: env.SPIRII_NEST_EXIT_WITH_PARENT === '1',
  };
}
