// The fault injector's seeded source: faults must replay exactly for a given seed.
export { mulberry32, type Random } from '../../core/random';
