library(testthat)
library(crrd)
test_check("crrd")
