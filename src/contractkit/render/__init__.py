"""Documents made real: .docx through docxtpl, PDFs, the evidence bundle, the chart, and atomic writes."""
