# The same facts as the Python tests (tests/test_loading.py, tests/test_data_facts.py), read from R.

TABLES <- c(
  "sources", "military_activities", "arms_transfers", "leader_meetings", "agreements", "unsc_vetoes",
  "trade_annual", "energy_trade", "energy_projects", "events", "indicators", "claims"
)

test_that("the tables are those of datapackage.json, in its order", {
  expect_identical(crrd_tables(repo), TABLES)
})

test_that("every column has the class its schema gives, and enumerations the schema's levels in order", {
  for (name in TABLES) {
    df <- crrd_load(name, repo)
    schema <- jsonlite::fromJSON(file.path(repo, "schemas", paste0(name, ".json")), simplifyVector = FALSE)
    expect_s3_class(df, "tbl_df")
    expect_identical(colnames(df), vapply(schema$fields, function(f) f$name, ""))
    expect_gte(nrow(df), 3)
    book <- crrd_describe(name, repo)
    expect_identical(book$class, unname(vapply(df, function(column) class(column)[1], "")))  # the codebook says true
    for (f in schema$fields) {
      enum <- unlist(f$constraints$enum)
      column <- df[[f$name]]
      if (!is.null(enum)) {
        expect_true(is.factor(column), label = f$name)
        expect_identical(levels(column), enum)
      } else {
        want <- c(string = "character", integer = "integer", number = "numeric", boolean = "logical",
                  date = "Date")[[if (is.null(f$type)) "string" else f$type]]
        expect_identical(class(column), want, label = paste(name, f$name))
      }
    }
  }
})

test_that("joint air patrols: the first on 2019-07-23, ten in all, the fifth unnumbered", {
  mil <- crrd_load("military_activities", repo)
  air <- mil[mil$activity_type == "air_patrol", ]
  air <- air[order(air$start_date), ]
  expect_identical(air$start_date[1], as.Date("2019-07-23"))
  expect_identical(air$sequence_number, c(1L, 2L, 3L, 4L, NA, 6L, 7L, 8L, 9L, 10L))
  expect_identical(air$start_date[is.na(air$sequence_number)], as.Date("2022-11-30"))
  expect_identical(max(air$start_date), as.Date("2025-12-09"))
  counts <- table(mil$activity_type)
  expect_identical(names(counts), levels(mil$activity_type))  # every level counted, even with no row
  expect_identical(counts[["naval_patrol"]], 7L)
})

test_that("known exercises have their dates and sequence numbers", {
  mil <- crrd_load("military_activities", repo)
  z <- mil[mil$name == "Zapad/Interaction-2021", ]
  expect_identical(c(z$start_date, z$end_date), as.Date(c("2021-08-09", "2021-08-13")))
  expect_identical(z$host, "CHN")
  js <- mil[mil$name == "Joint Sea-2022", ]
  expect_identical(js$sequence_number, 11L)
})

test_that("trade and energy figures", {
  trade <- crrd_load("trade_annual", repo)
  row <- trade[trade$id == "trd-2024-chn", ]
  expect_identical(c(row$total_usd_bn, row$cn_to_ru_usd_bn, row$ru_to_cn_usd_bn), c(244.81, 115.49, 129.32))
  expect_identical(trade$total_usd_bn[trade$id == "trd-2023-chn"], 240.11)
  expect_identical(setdiff(1992:2025, trade$year[trade$reporter == "CHN"]), 1992:1995)
  energy <- crrd_load("energy_trade", repo)
  crude <- energy[energy$id == "enr-2024-crude_oil-chn", ]
  expect_identical(crude$russia_rank, 1L)
  expect_identical(as.character(crude$unit), "million_tonnes")
  expect_identical(energy$quantity[energy$id == "enr-2015-crude_oil-chn"], 42.43)
  expect_identical(energy$quantity[energy$id == "enr-2023-coal-chn"], 102.13)
  projects <- crrd_load("energy_projects", repo)
  pos <- projects[startsWith(projects$name, "Power of Siberia gas pipeline"), ][1, ]
  expect_identical(list(pos$capacity, as.character(pos$capacity_unit), pos$operation_start_year),
                   list(38, "bcm_per_year", 2019L))
})

test_that("booleans are logical and missing cells NA, never the text 'NA' or ''", {
  arms <- crrd_load("arms_transfers", repo)
  expect_identical(arms$licence_production[arms$id %in% c("arm-0001", "arm-0004")], c(FALSE, TRUE))
  events <- crrd_load("events", repo)
  expect_true(anyNA(events$related_ids))
  expect_false(any(events$related_ids %in% c("NA", "")))
})

test_that("the codebook comes from the schema", {
  book <- crrd_describe("trade_annual", repo)
  expect_identical(colnames(book), c("field", "type", "class", "unit", "required", "allowed_values", "description"))
  reporter <- book[book$field == "reporter", ]
  expect_identical(list(reporter$type, reporter$class, reporter$required, reporter$allowed_values),
                   list("string", "factor", TRUE, "CHN;RUS"))
  expect_identical(book$unit[book$field == "total_usd_bn"], "USD billion")
  expect_identical(book$description[book$field == "total_usd_bn"], "Total goods trade (turnover) in US$ billion.")
})

test_that("an unknown table names the valid ones", {
  expect_error(crrd_load("military_activity", repo),
               paste0("crrd: unknown table 'military_activity'. Valid names: ", paste(TABLES, collapse = ", ")),
               fixed = TRUE)
})

test_that("a file that does not match its hash is refused", {
  dir <- copy_package()
  path <- file.path(dir, "data", "events.csv")
  lines <- readLines(path, encoding = "UTF-8")
  lines[2] <- sub("2", "3", lines[2])
  writeLines(lines, path, useBytes = TRUE)
  expect_error(crrd_load("events", dir), paste(
    "crrd: data/events.csv does not match its hash in datapackage.json (the file changed after the hash was",
    "recorded); if the change is intended, run `crrd refresh`"
  ), fixed = TRUE)
  expect_s3_class(crrd_load("sources", dir), "tbl_df")  # the other files still load
})

test_that("a cell that does not convert is an error naming file, column and value", {
  cases <- list(
    list("military_activities", "start_date", "2021-02-30", "not a date YYYY-MM-DD"),
    list("military_activities", "start_date", "2021-02", "not a date YYYY-MM-DD"),
    list("military_activities", "sequence_number", "two", "not an integer"),
    list("trade_annual", "total_usd_bn", "12 bn", "not a number"),
    list("arms_transfers", "licence_production", "yes", "not true or false"),
    list("events", "category", "gossip", "not one of diplomatic")
  )
  for (case in cases) {
    dir <- copy_package()
    set_cell(dir, case[[1]], 2, case[[2]], case[[3]])
    expect_error(crrd_load(case[[1]], dir), sprintf("crrd: data/%s.csv: column '%s' has '%s', %s", case[[1]],
                                                    case[[2]], case[[3]], case[[4]]), fixed = TRUE)
  }
})

test_that("a descriptor may not name a file outside its package", {
  dir <- copy_package()
  descriptor <- jsonlite::fromJSON(file.path(dir, "datapackage.json"), simplifyVector = FALSE)
  descriptor$resources[[1]]$path <- "../outside.csv"
  jsonlite::write_json(descriptor, file.path(dir, "datapackage.json"), auto_unbox = TRUE, pretty = TRUE)
  expect_error(crrd_load("sources", dir),
               "crrd: the path of 'sources' ('../outside.csv') is not a relative path inside the package", fixed = TRUE)
})

test_that("the root comes from CRRD_ROOT, else the nearest clone upwards, else the installed copy", {
  dir <- copy_package()
  old <- Sys.getenv("CRRD_ROOT", NA)
  on.exit(if (is.na(old)) Sys.unsetenv("CRRD_ROOT") else Sys.setenv(CRRD_ROOT = old), add = TRUE)
  Sys.setenv(CRRD_ROOT = dir)
  expect_identical(crrd_root(), normalizePath(dir))
  Sys.unsetenv("CRRD_ROOT")
  sub <- file.path(dir, "data")
  expect_identical(withr_dir(sub, crrd_root()), normalizePath(dir))
  expect_error(crrd_root(tempdir()), "crrd: no datapackage.json in", fixed = TRUE)
})

test_that("r/install.sh installs the package with its own copy of the data, which loads from anywhere", {
  script <- normalizePath(file.path("..", "..", "install.sh"), mustWork = FALSE)
  skip_if_not(file.exists(script), "not in a clone (r/install.sh is not there)")
  lib <- tempfile("crrd-lib-")
  log <- system2("sh", c(shQuote(script), shQuote(lib)), stdout = TRUE, stderr = TRUE)
  expect_true(dir.exists(file.path(lib, "crrd")), label = paste(log, collapse = "\n"))
  code <- sprintf(
    'library(crrd, lib.loc = "%s"); cat(crrd_root(), nrow(crrd_load("military_activities")) >= 69)', lib
  )
  out <- withr_dir(tempdir(), system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(code)), stdout = TRUE,
                                      env = "CRRD_ROOT="))
  expect_identical(out, paste(normalizePath(file.path(lib, "crrd", "extdata")), "TRUE"))
})
