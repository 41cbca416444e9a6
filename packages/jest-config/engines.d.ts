export type EngineName = 'mariadb' | 'sqlite';
export declare const TEST_DATABASE_URL: string;
export declare function decideEngines(): Promise<EngineName[]>;
export declare function enginesForSuites(): EngineName[];
export declare function dropMariadbDatabase(name: string): Promise<void>;
