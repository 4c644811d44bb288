# Run against the source in r/R (testthat::test_dir from a clone) unless the installed package is attached.
if (!"package:crrd" %in% search()) {
  for (f in list.files(file.path("..", "..", "R"), pattern = "[.]R$", full.names = TRUE)) source(f, local = TRUE)
}

# The repository clone these tests run in (an installed package's tests find the installed copy instead).
repo <- crrd_root()

# A private copy of the package to break in one test.
copy_package <- function() {
  dir <- tempfile("crrd-pkg-")
  dir.create(file.path(dir, "data"), recursive = TRUE)
  file.copy(file.path(repo, "datapackage.json"), dir)
  file.copy(file.path(repo, "schemas"), dir, recursive = TRUE)
  file.copy(list.files(file.path(repo, "data"), full.names = TRUE), file.path(dir, "data"))
  dir
}

# Change one cell of a CSV file of a copy (line as in the file, header = 1) and record the new hash, so that
# the test sees only the defect it made.
set_cell <- function(dir, table, line, column, value) {
  path <- file.path(dir, "data", paste0(table, ".csv"))
  rows <- utils::read.csv(path, colClasses = "character", na.strings = NULL, check.names = FALSE,
                          encoding = "UTF-8")
  rows[line - 1, column] <- value
  utils::write.csv(rows, path, row.names = FALSE, na = "", fileEncoding = "UTF-8")
  descriptor <- jsonlite::fromJSON(file.path(dir, "datapackage.json"), simplifyVector = FALSE)
  for (i in seq_along(descriptor$resources)) {
    if (descriptor$resources[[i]]$name == table) {
      descriptor$resources[[i]]$hash <- paste0("sha256:", digest::digest(file = path, algo = "sha256"))
    }
  }
  jsonlite::write_json(descriptor, file.path(dir, "datapackage.json"), auto_unbox = TRUE, pretty = TRUE)
}

# Evaluate `expr` with `dir` as the working directory (withr is not among Debian's R packages here).
withr_dir <- function(dir, expr) {
  old <- setwd(dir)
  on.exit(setwd(old))
  expr
}
