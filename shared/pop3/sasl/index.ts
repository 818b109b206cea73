export * from './sasl-mechanism.ts';
export * from './plain.ts';
export * from './login.ts';
export * from './xoauth2.ts';
export * from './oauthbearer.ts';
export * from './scram-sha-256.ts';
