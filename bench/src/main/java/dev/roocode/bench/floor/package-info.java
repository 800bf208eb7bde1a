/** The architecture's floor: Roocode's hops with no logic, as two processes. */
package dev.roocode.bench.floor;
