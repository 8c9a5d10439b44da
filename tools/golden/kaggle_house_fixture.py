#!/usr/bin/python3
"""Writes a small stand-in for Kaggle's "House Prices" files, which cannot be shipped, for ember.book.Chapter4Test.

    /usr/bin/python3 tools/golden/kaggle_house_fixture.py
Output: ember-book/src/test/resources/kaggle-house/train.csv (60 houses, Id 1-60, with SalePrice) and test.csv
(30 houses, Id 61-90, without it). Same layout as the competition's files: Id first, SalePrice last in train.csv,
numeric and text columns in the competition's order (a subset of its 79 features), NA for missing values in both
kinds of column. Prices follow a log-linear model of quality, living area, age and neighbourhood plus noise, so a
linear model can learn them. Prints the shape the book's preprocessing gives (pandas is not needed to run this).
"""
import math
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "ember-book", "src", "test", "resources", "kaggle-house")
COLUMNS = ["Id", "MSSubClass", "MSZoning", "LotFrontage", "LotArea", "Street", "Alley", "Neighborhood", "OverallQual",
           "YearBuilt", "GrLivArea", "GarageType", "PoolQC", "SaleType", "SaleCondition"]
TEXT = ["MSZoning", "Street", "Alley", "Neighborhood", "GarageType", "PoolQC", "SaleType", "SaleCondition"]
NEIGHBORHOODS = {"CollgCr": 0.05, "Veenker": 0.10, "Crawfor": 0.08, "NoRidge": 0.25, "Mitchel": -0.05,
                 "OldTown": -0.20, "Edwards": -0.15}


def house(rng, house_id):
    quality = rng.randint(3, 10)
    area = int(rng.gauss(1500, 450))
    area = max(600, min(3500, area))
    year = rng.randint(1900, 2009)
    neighborhood = rng.choice(sorted(NEIGHBORHOODS))
    row = {
        "Id": house_id,
        "MSSubClass": rng.choice([20, 30, 50, 60, 70, 90, 120, 160]),
        "MSZoning": rng.choices(["RL", "RM", "FV", "RH", "NA"], [70, 20, 5, 3, 2])[0],
        "LotFrontage": "NA" if rng.random() < 0.18 else rng.randint(35, 120),
        "LotArea": rng.randint(3000, 20000),
        "Street": rng.choices(["Pave", "Grvl"], [95, 5])[0],
        "Alley": rng.choices(["NA", "Grvl", "Pave"], [85, 8, 7])[0],
        "Neighborhood": neighborhood,
        "OverallQual": quality,
        "YearBuilt": year,
        "GrLivArea": area,
        "GarageType": rng.choices(["Attchd", "Detchd", "BuiltIn", "NA"], [55, 25, 10, 10])[0],
        "PoolQC": rng.choices(["NA", "Ex", "Gd"], [94, 3, 3])[0],
        "SaleType": rng.choices(["WD", "New", "COD"], [80, 12, 8])[0],
        "SaleCondition": rng.choices(["Normal", "Abnorml", "Partial"], [80, 10, 10])[0],
    }
    log_price = (12.0 + 0.09 * (quality - 6) + 0.45 * math.log(area / 1500) + 0.003 * (year - 1975)
                 + NEIGHBORHOODS[neighborhood] + rng.gauss(0, 0.06))
    return row, int(round(math.exp(log_price)))


def write(path, header, rows):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(r[c]) for c in header) + "\n")


def main():
    rng = random.Random(20240601)
    train, test = [], []
    for i in range(1, 91):
        row, price = house(rng, i)
        if i <= 60:
            row["SalePrice"] = price
            train.append(row)
        else:
            test.append(row)
    os.makedirs(OUT, exist_ok=True)
    write(os.path.join(OUT, "train.csv"), COLUMNS + ["SalePrice"], train)
    write(os.path.join(OUT, "test.csv"), COLUMNS, test)
    # pd.get_dummies(dummy_na=True): one column per distinct value plus a _nan column for every text column
    everything = train + test
    dummies = sum(len({r[c] for r in everything if r[c] != "NA"}) + 1 for c in TEXT)
    numeric = len(COLUMNS) - 1 - len(TEXT)
    print(f"all_features: ({len(everything)}, {numeric + dummies}) = {numeric} numeric + {dummies} indicator columns")


if __name__ == "__main__":
    main()
