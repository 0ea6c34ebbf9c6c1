# Russian texts of the Validation tab's BM25 rows (issue 28); merged by fill_translations.py.
RU = {
    "BM25 (n-grams + stemmed words)": "BM25 (n-граммы + основы слов)",
    "BM25, character n-grams only": "BM25, только n-граммы символов",
    "BM25, stemmed words only": "BM25, только основы слов",
}
