tkShard("74-68",[
["the",3,"top","Top","en",""]
]);
