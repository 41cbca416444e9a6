export type EngineName = 'mariadb' | 'sqlite';
export declare const TEST_DATABASE_URL: string;
/** mysql2 connection options for a server URL (default TEST_DATABASE_URL). */
export declare function connectionOptions(url?: string): { host: string; port: number; user: string; password: string; connectTimeout: number };
export declare function decideEngines(): Promise<EngineName[]>;
export declare function enginesForSuites(): EngineName[];
export declare function dropMariadbDatabase(name: string): Promise<void>;
