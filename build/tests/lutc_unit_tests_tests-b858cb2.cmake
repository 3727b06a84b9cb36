set( lutc_unit_tests_TESTS)
