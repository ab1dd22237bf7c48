"""The leaders' cockpit (党建驾驶舱): figures from the registry, charts, map and drill-down."""
