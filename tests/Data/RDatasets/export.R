# Exports series of R's `datasets` package to the long tick CSV that `lstmactors stream --csv` reads:
# header `series,t,value`, `t` an ISO date (the first day of the series' month, quarter or year).
# Run from this folder: Rscript export.R
names <- c("co2", "nottem", "AirPassengers", "UKDriverDeaths", "USAccDeaths", "ldeaths", "UKgas", "lynx", "Nile")

rows <- function(name) {
  x <- get(name, envir = asNamespace("datasets"))
  # time() gives the fractional year of each observation; months from the start avoid rounding it.
  start <- start(x)
  months <- (seq_along(x) - 1) * (12 / frequency(x)) + (start[2] - 1) * (12 / frequency(x))
  year <- start[1] + months %/% 12
  month <- months %% 12 + 1
  data.frame(series = name,
             t = sprintf("%04d-%02d-01", as.integer(year), as.integer(month)),
             value = sprintf("%.10g", as.numeric(x)))
}

write <- function(frame, file) write.csv(frame, file, row.names = FALSE, quote = FALSE)

all <- lapply(names, rows)
for (i in seq_along(names)) write(all[[i]], paste0(names[i], ".csv"))
write(do.call(rbind, all), "all.csv")
cat(sprintf("R %s, datasets %s\n", getRversion(), packageVersion("datasets")))
for (name in names) {
  x <- get(name, envir = asNamespace("datasets"))
  cat(sprintf("%s: %d values, frequency %g, start %s\n", name, length(x), frequency(x), paste(start(x), collapse = "/")))
}
