export { TEST_DATABASE_URL, dropMariadbDatabase, enginesForSuites, type EngineName } from '@lianxin/jest-config/engines';
