export * from './define-error-layer.ts';
