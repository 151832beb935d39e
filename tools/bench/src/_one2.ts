import { internal } from '@svd/tensor';
await internal.threadPoolTesting.warmUp();
await import('./_one.js');
