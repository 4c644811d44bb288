# CRRD for R: the tables of the Frictionless package as typed tibbles.
# datapackage.json and the Table Schemas are the one definition of every field, as in the Python package:
# nothing here lists a column or a type by hand.

#' Directory holding datapackage.json, data/ and schemas/
#'
#' In this order: the `root` argument; the environment variable `CRRD_ROOT`; the nearest directory at or
#' above the working directory that holds datapackage.json (a clone of the repository); the copy installed
#' with the package in `inst/extdata`.
crrd_root <- function(root = NULL) {
  if (!is.null(root)) {
    if (!file.exists(file.path(root, "datapackage.json"))) {
      stop(sprintf("crrd: no datapackage.json in %s", root), call. = FALSE)
    }
    return(normalizePath(root))
  }
  env <- Sys.getenv("CRRD_ROOT", "")
  if (nzchar(env)) {
    return(crrd_root(env))
  }
  dir <- normalizePath(getwd())
  repeat {
    # another Frictionless package on the way up is not this one
    name <- tryCatch(read_descriptor(dir)$name, error = function(e) NULL)
    if (identical(name, "crrd")) {
      return(dir)
    }
    parent <- dirname(dir)
    if (parent == dir) break
    dir <- parent
  }
  installed <- system.file("extdata", "datapackage.json", package = "crrd")
  if (nzchar(installed)) {
    return(dirname(installed))
  }
  stop("crrd: no datapackage.json found: set CRRD_ROOT, pass root, or work inside a clone", call. = FALSE)
}

# The file a descriptor names inside the package; never one outside it (descriptors come from pull requests).
inside <- function(root, relative, what) {
  if (!is.character(relative) || length(relative) != 1 || !nzchar(relative)) {
    stop(sprintf("crrd: %s must be a relative path inside the package", what), call. = FALSE)
  }
  parts <- strsplit(relative, "[/\\\\]")[[1]]
  if (grepl("://", relative, fixed = TRUE) ||
    grepl("^[/\\\\]", relative) || grepl(":", parts[1], fixed = TRUE) || ".." %in% parts) {
    stop(sprintf("crrd: %s ('%s') is not a relative path inside the package", what, relative), call. = FALSE)
  }
  file.path(root, relative)
}

read_descriptor <- function(root) {
  jsonlite::fromJSON(file.path(root, "datapackage.json"), simplifyVector = FALSE)
}

#' Names of the dataset's tables, in the order of datapackage.json
crrd_tables <- function(root = NULL) {
  root <- crrd_root(root)
  vapply(read_descriptor(root)$resources, function(r) r$name, "")
}

resource <- function(root, name) {
  resources <- read_descriptor(root)$resources
  names <- vapply(resources, function(r) r$name, "")
  if (!is.character(name) || length(name) != 1 || !(name %in% names)) {
    stop(sprintf("crrd: unknown table '%s'. Valid names: %s", paste(name, collapse = ", "),
      paste(names, collapse = ", ")), call. = FALSE)
  }
  res <- resources[[match(name, names)]]
  res$schema <- jsonlite::fromJSON(inside(root, res$schema, sprintf("the schema of '%s'", name)), simplifyVector = FALSE)
  res
}

enum_of <- function(f) {
  e <- f$constraints$enum
  if (is.null(e)) NULL else unlist(e)
}

# The R class a field's column has once loaded.
r_class <- function(f) {
  if (!is.null(enum_of(f))) {
    return("factor")
  }
  switch(f$type %||% "string",
    string = "character", integer = "integer", number = "numeric", boolean = "logical", date = "Date",
    stop(sprintf("crrd: field '%s': unsupported Table Schema type '%s'", f$name, f$type), call. = FALSE)
  )
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# One column of text (NA = empty cell) converted to its schema type; a cell that does not convert is an error
# naming file, column and value, never a silent NA.
convert <- function(text, f, path) {
  fail <- function(converted, what) {
    bad <- which(!is.na(text) & is.na(converted))
    if (length(bad) > 0) {
      stop(sprintf("crrd: %s: column '%s' has '%s', %s; run `crrd validate`", path, f$name, text[bad[1]], what),
        call. = FALSE)
    }
    converted
  }
  levels <- enum_of(f)
  if (!is.null(levels)) {
    return(fail(factor(text, levels = levels), paste0("not one of ", paste(levels, collapse = ", "))))
  }
  switch(r_class(f),
    character = text,
    integer = fail(suppressWarnings(ifelse(grepl("^[+-]?[0-9]+$", text), as.integer(text), NA_integer_)),
      "not an integer"),
    numeric = fail(suppressWarnings(as.numeric(text)), "not a number"),
    logical = fail(unname(c(true = TRUE, false = FALSE)[text]), "not true or false"),
    Date = fail(as.Date(ifelse(grepl("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text), text, NA), format = "%Y-%m-%d"),
      "not a date YYYY-MM-DD")
  )
}

#' Load one table with the types its schema defines
#'
#' Dates are `Date`, enumerations factors with the schema's levels in the schema's order, integers
#' `integer`, numbers `double`, booleans `logical`, text `character`; an empty cell is `NA`.
#' A file whose SHA-256 differs from the `hash` in datapackage.json is refused.
crrd_load <- function(name, root = NULL) {
  root <- crrd_root(root)
  res <- resource(root, name)
  path <- inside(root, res$path, sprintf("the path of '%s'", name))
  expected <- sub("^sha256:", "", res$hash %||% "")
  actual <- digest::digest(file = path, algo = "sha256")
  if (!identical(actual, expected)) {
    stop(sprintf(
      "crrd: %s does not match its hash in datapackage.json (the file changed after the hash was recorded); if the change is intended, run `crrd refresh`",
      res$path
    ), call. = FALSE)
  }
  fields <- res$schema$fields
  names <- vapply(fields, function(f) f$name, "")
  text <- readr::read_csv(path,
    col_types = readr::cols(.default = readr::col_character()), na = "", trim_ws = FALSE,
    locale = readr::locale(encoding = "UTF-8"), progress = FALSE, show_col_types = FALSE
  )
  if (nrow(readr::problems(text)) > 0) {
    p <- readr::problems(text)[1, ]
    stop(sprintf("crrd: %s: record %d: %s; run `crrd validate`", res$path, p$row, p$expected), call. = FALSE)
  }
  missing <- setdiff(names, colnames(text))
  if (length(missing) > 0) {
    stop(sprintf("crrd: %s: no column '%s'; run `crrd validate`", res$path, missing[1]), call. = FALSE)
  }
  columns <- lapply(fields, function(f) convert(text[[f$name]], f, res$path))
  names(columns) <- names
  tibble::as_tibble(columns)
}

#' The codebook of one table: one row per field with its type, R class, unit, allowed values and description
crrd_describe <- function(name, root = NULL) {
  root <- crrd_root(root)
  fields <- resource(root, name)$schema$fields
  pick <- function(get) vapply(fields, function(f) as.character(get(f) %||% NA_character_), "")
  tibble::tibble(
    field = pick(function(f) f$name),
    type = pick(function(f) f$type %||% "string"),
    class = pick(r_class),
    unit = pick(function(f) f$crrd$unit),
    required = vapply(fields, function(f) isTRUE(f$constraints$required), TRUE),
    allowed_values = pick(function(f) if (is.null(enum_of(f))) NULL else paste(enum_of(f), collapse = ";")),
    description = pick(function(f) f$description %||% "")
  )
}
