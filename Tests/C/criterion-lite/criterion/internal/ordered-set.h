/* criterion-lite: the test set a report hook walks; empty, as no hook runs. */
#ifndef CRITERION_LITE_ORDERED_SET_H
#define CRITERION_LITE_ORDERED_SET_H
struct criterion_suite_data { double timeout; };
struct criterion_suite { struct criterion_suite_data *data; };
struct criterion_ordered_set;
struct criterion_suite_set { struct criterion_suite suite; struct criterion_ordered_set *tests; };
struct criterion_test_set { struct criterion_ordered_set *suites; };
#define FOREACH_SET(var, set) for ((var) = NULL; (void)(set), (var) != NULL;)
#endif
