/**
 * The plain on-heap model of the operator contract, random cases drawn from it, and the fuzzer
 * that checks the library against it.
 */
module featuremaps.testkit {
    requires transitive featuremaps.kernels;

    exports dev.featuremaps.testkit.model;
    exports dev.featuremaps.testkit.fuzz;
}
