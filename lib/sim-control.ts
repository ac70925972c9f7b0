/** Moved to lib/control/ (one NodeControl, two implementations); kept so older imports still resolve. */
export * from './control/types';
export { SimControl, SimControlError } from './control/sim-admin';
