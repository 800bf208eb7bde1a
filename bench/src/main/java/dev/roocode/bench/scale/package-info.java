/** The scale-out scenario: Roocode's services as processes started by the distribution's launchers, 1 and 2 of each, stopped and killed mid-run. */
package dev.roocode.bench.scale;
