/** The cost-routing benchmark: simulated providers priced apart, jobs with deadlines, and the offline optimum. */
package dev.roocode.bench.routing;
