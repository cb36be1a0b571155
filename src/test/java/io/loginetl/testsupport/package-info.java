/**
 * Test support shared by the tests and the benchmark ({@code src/bench/java}): the real embedded
 * servers with a fresh queue pair and database per use ({@link io.loginetl.testsupport.TestInfra}),
 * the dev/test sample and what must become of it ({@link io.loginetl.testsupport.SampleEvents}), and
 * generated events ({@link io.loginetl.testsupport.EventGenerator}). The dependency is one way: the
 * benchmark uses this package, nothing in the test sources uses the benchmark (the tests compile
 * without it; see the {@code bench} profile in pom.xml).
 */
package io.loginetl.testsupport;
