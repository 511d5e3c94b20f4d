"""The offline CLI: output format, fallbacks, input errors, evaluation."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.synthetic import generate_shop
from recommendations.engine.params import ModelParams
from recommendations.offline import Interactions, evaluate_split, main

REPO = Path(__file__).resolve().parents[2]


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


@pytest.fixture
def train(tmp_path: Path) -> Path:
    # a and b are bought together; c is the bestseller; d is bought once
    rows = [
        "u1,a,2", "u1,b,1", "u2,a,1", "u2,b,3", "u3,a,1", "u3,c,1",
        "u4,c,1", "u5,c,2", "u6,c,1", "u6,d,1", "u7,b,1",
    ]  # fmt: skip
    return write_csv(tmp_path / "train.csv", "user,item,value", rows)


def run_recommend(tmp_path: Path, train: Path, users: list[str], k: int) -> list[dict[str, str]]:
    users_txt = tmp_path / "users.txt"
    users_txt.write_text("\n".join(users) + "\n")
    out = tmp_path / "recs.csv"
    args = ["--quiet", "recommend", "--train", str(train), "--users", str(users_txt)]
    assert main([*args, "--k", str(k), "--out", str(out)]) == 0
    with open(out, newline="") as handle:
        assert handle.readline().strip() == "user,item,rank"
        handle.seek(0)
        return list(csv.DictReader(handle))


def test_recommend_writes_k_ranked_rows_per_user_never_a_training_item(tmp_path, train):
    rows = run_recommend(tmp_path, train, ["u7", "u1", "u3"], k=2)
    assert [r["user"] for r in rows] == ["u7", "u7", "u1", "u1", "u3", "u3"]
    assert [r["rank"] for r in rows] == ["1", "2"] * 3
    by_user: dict[str, list[str]] = {}
    for r in rows:
        by_user.setdefault(r["user"], []).append(r["item"])
    assert by_user["u7"][0] == "a"  # bought b: a was bought with b
    assert not {"a", "b"} & set(by_user["u1"])
    assert not {"a", "c"} & set(by_user["u3"])


def test_unknown_users_get_the_most_popular_items(tmp_path, train):
    rows = run_recommend(tmp_path, train, ["stranger"], k=3)
    assert [r["item"] for r in rows] == ["c", "a", "b"]  # 4, 3 and 3 buyers; ties by id


def test_timestamps_are_accepted(tmp_path):
    path = write_csv(
        tmp_path / "t.csv", "user,item,value,timestamp",
        ["u1,a,1,100", "u1,b,1,130", "u2,a,1,100", "u3,b,1,5"],
    )  # fmt: skip
    rows = run_recommend(tmp_path, path, ["u2"], k=1)
    assert [r["item"] for r in rows] == ["b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("user,item,value\nu1,a,1\nu2,b\n", "line 3: expected 3 columns, got 2"),
        ("user,item,value\nu1,a,1\nu1,b,lots\n", "line 3: value 'lots' is not a finite number"),
        ("user,item,value,timestamp\nu1,a,1,noon\n", "line 2: timestamp 'noon' is not"),
        ("user,item,value\nu1,a,nan\n", "line 2: value 'nan' is not a finite number"),
        ("customer,product,qty\nu1,a,1\n", "line 1: bad header"),
        ("user,item,value\n,a,1\n", "line 2: empty user or item id"),
        ("", "line 1: bad header"),
    ],
)
def test_malformed_input_names_the_line_and_exits_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    code = main(["evaluate", "--interactions", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_missing_file_is_an_input_error(tmp_path, capsys):
    assert main(["evaluate", "--interactions", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err


def test_module_entry_point_exits_2_without_traceback(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", "user,item,value", ["u1,a,1", "u2,b"])
    users = tmp_path / "users.txt"
    users.write_text("u1\n")
    done = subprocess.run(
        [sys.executable, "-m", "recommendations.offline", "recommend", "--train", str(bad),
         "--users", str(users), "--k", "3", "--out", str(tmp_path / "o.csv")],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert "line 3" in done.stderr and "Traceback" not in done.stderr


def test_evaluate_prints_both_models(tmp_path, capsys):
    shop = generate_shop(n_users=150, n_items=120, n_interactions=3000, n_categories=6, seed=4)
    rows = [
        f"u{u},i{i},{q}" for u, i, q in zip(shop.users, shop.items, shop.quantities, strict=True)
    ]
    path = write_csv(tmp_path / "shop.csv", "user,item,value", rows)
    assert main(["--quiet", "evaluate", "--interactions", str(path)]) == 0
    out = capsys.readouterr().out
    assert "popularity" in out and "shipped" in out and "NDCG" in out


def test_shipped_model_beats_popularity_on_baskets_with_hidden_tastes():
    shop = generate_shop(n_users=1000, n_items=500, n_interactions=30000, n_categories=20, seed=9)
    data = Interactions(
        np.array([f"u{u}" for u in shop.users], dtype=object),
        np.array([f"i{i}" for i in shop.items], dtype=object),
        shop.quantities.astype(float),
        shop.timestamps,
    )
    result = evaluate_split(data)
    assert result["shipped"]["ndcg"] > 1.3 * result["popularity"]["ndcg"]
    assert result["shipped"]["coverage"] > result["popularity"]["coverage"]


def run_baskets(tmp_path: Path, train: Path, seeds: list[str], *extra: str) -> list[dict[str, str]]:
    seeds_csv = write_csv(tmp_path / "seeds.csv", "basket,item", seeds)
    out = tmp_path / "done.csv"
    args = ["--quiet", "recommend", "--train", str(train), "--baskets", str(seeds_csv)]
    assert main([*args, "--k", "2", "--out", str(out), *extra]) == 0
    with open(out, newline="") as handle:
        assert handle.readline().strip() == "basket,item,rank"
        handle.seek(0)
        return list(csv.DictReader(handle))


def test_recommend_completes_seed_baskets_from_same_basket_co_occurrence(tmp_path):
    # user rows are baskets (no timestamps): a goes with b; c is the bestseller, bought alone
    rows = ["o1,a,1", "o1,b,1", "o2,a,1", "o2,b,1", "o3,a,1", "o3,b,1",
            "o4,c,1", "o5,c,1", "o6,c,1", "o7,c,1", "o8,d,1", "o8,c,1"]  # fmt: skip
    train = write_csv(tmp_path / "orders.csv", "user,item,value", rows)
    done = run_baskets(tmp_path, train, ["cart1,a", "cart2,c", "cart2,unknown-item", "cart3,zz"])
    by_basket: dict[str, list[str]] = {}
    for r in done:
        by_basket.setdefault(r["basket"], []).append(r["item"])
    assert by_basket["cart1"][0] == "b"  # not c, the bestseller never bought with a
    assert "c" not in by_basket["cart2"] and by_basket["cart2"][0] == "d"
    assert len(by_basket["cart3"]) == 2  # only unknown items: the size prior still fills it


def test_timestamps_cut_training_baskets_at_a_silence(tmp_path):
    # u1 bought a+b together, then c a day later: c is not a complement of a
    rows = ["u1,a,1,0", "u1,b,1,10", "u1,c,1,86400", "u2,a,1,0", "u2,b,1,5", "u3,c,1,0"]
    train = write_csv(tmp_path / "t.csv", "user,item,value,timestamp", rows)
    done = run_baskets(tmp_path, train, ["x,a"], "--config", str(config(tmp_path, prior=0.0)))
    assert [r["item"] for r in done][:1] == ["b"]


def config(tmp_path: Path, prior: float) -> Path:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"complements": {"prior_weight": prior, "min_source_baskets": 1}}))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"similarity": {"l2": "high"}}', "similarity.l2: expected float"),
        ('{"simlarity": {}}', "unknown parameter section(s): simlarity"),
        ('{"sequence": {"widow": 3}}', "sequence: unknown parameter(s): widow"),
        ('{"recency_half_life": -1}', "recency_half_life must be a positive number"),
        ("[1, 2]", "parameters must be a JSON object"),
        ("{not json", "params.json"),
    ],
)
def test_bad_config_is_an_input_error(tmp_path, capsys, train, content, message):
    path = tmp_path / "params.json"
    path.write_text(content)
    users = tmp_path / "users.txt"
    users.write_text("u1\n")
    argv = ["recommend", "--train", str(train), "--users", str(users), "--out",
            str(tmp_path / "o.csv"), "--config", str(path)]  # fmt: skip
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_config_reaches_the_model(tmp_path, train):
    path = tmp_path / "params.json"
    path.write_text(json.dumps(ModelParams(recency_half_life=3.0).to_dict()))
    assert ModelParams.from_dict(json.loads(path.read_text())) == ModelParams(recency_half_life=3.0)
    users = tmp_path / "users.txt"
    users.write_text("u7\n")
    out = tmp_path / "o.csv"
    argv = ["--quiet", "recommend", "--train", str(train), "--users", str(users), "--k", "1",
            "--out", str(out), "--config", str(path)]  # fmt: skip
    assert main(argv) == 0
    assert out.read_text().splitlines()[1] == "u7,a,1"
