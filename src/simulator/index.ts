/** The RouterOS simulator: routers, fleets, the hotspot model and the control surface. */
export { startRouter, type ApiSessionStats, type SimRouter, type SimRouterOptions } from './router';
export { startFleet, fleetRouterOptions, type FleetOptions, type SimFleet } from './fleet';
export { startControlServer, type ControlServer, type ControlServerOptions } from './control-http';
export { runControlCommand, routerTruth, summaryLine } from './control';
export { HotspotModel, LoginRefused, type HotspotModelOptions } from './model';
export type { LoginAttempt } from './login';
export { parseFault, parseFaultWords, describeFault, FAULT_KINDS } from './faults';
export { PERSONALITIES, traits, type PersonalityTraits } from './personality';
export { CITIES, cityName, idFromName } from './names';
export { compileQuery } from './query';
export { busyness } from './rhythm';
export * from './types';
