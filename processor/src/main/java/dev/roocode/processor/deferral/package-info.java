/**
 * Jobs that wait inside the processor: COST jobs parked for cheaper room ({@link dev.roocode.processor.deferral.ParkedJobs})
 * and jobs waiting out their only provider's outage ({@link dev.roocode.processor.deferral.OutageWaits}), with the
 * process-wide boards the tasks' release passes share.
 */
package dev.roocode.processor.deferral;
